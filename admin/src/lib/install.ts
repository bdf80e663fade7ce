// What the Install screen shows a developer: the script tag, the identify call and
// the server-side user_hash (HMAC-SHA256 hex of the user id, keyed with the project's
// identity secret: docs/ARCHITECTURE.md "Keys").

export function scriptTag(origin: string, publicKey: string): string {
  return `<script async src="${origin}/sdk/v1/guidewell.js" data-key="${publicKey}"></script>`;
}

export function identifyCall(verified: boolean): string {
  const hash = verified ? ", { userHash: USER_HASH_FROM_YOUR_SERVER }" : "";
  return `guidewell.identify(currentUser.id, { plan: currentUser.plan, signed_up_at: currentUser.createdAt }${hash});`;
}

export function userHashExamples(secret: string): { language: string; code: string }[] {
  return [
    {
      language: "Python",
      code: `import hashlib, hmac

def guidewell_user_hash(user_id: str) -> str:
    return hmac.new(b"${secret}", user_id.encode(), hashlib.sha256).hexdigest()`,
    },
    {
      language: "Node",
      code: `const crypto = require("node:crypto");

function guidewellUserHash(userId) {
  return crypto.createHmac("sha256", "${secret}").update(String(userId)).digest("hex");
}`,
    },
    {
      language: "Ruby",
      code: `require "openssl"

def guidewell_user_hash(user_id)
  OpenSSL::HMAC.hexdigest("SHA256", "${secret}", user_id.to_s)
end`,
    },
  ];
}
