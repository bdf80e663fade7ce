import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { snippet } from "@guidewell/sdk";
import { api } from "../api";
import { Banner, Card, CodeBlock, PageHeader, Segmented } from "../components/ui";
import { useInterval, useResource } from "../hooks";
import * as fmt from "../lib/format";
import { identifyCall, scriptTag, userHashExamples } from "../lib/install";
import { Link } from "../router";
import { useProject } from "../session";

export function Install(): JSX.Element {
  const { project, isOwner } = useProject();
  const origin = location.origin;
  const [language, setLanguage] = useState("Python");
  const users = useResource(() => api.users(project.id, { per_page: 1 }), [project.id]);
  const received = (users.data?.total ?? 0) > 0;
  useInterval(users.reload, 3000, !received);
  const secret = project.identity_secret ?? "YOUR_IDENTITY_SECRET";
  const examples = userHashExamples(secret);
  const example = examples.find((e) => e.language === language) ?? examples[0];
  return (
    <div class="page page-narrow">
      <PageHeader title="Install" subtitle="One tag and one call. Nothing else to run." />
      <div class="stack-lg">
        <Card title="1. Add the script to every page">
          <div class="stack">
            <CodeBlock label="Script tag" code={scriptTag(origin, project.public_key)} />
            <p class="muted">
              Or, to call <code>guidewell</code> before the script has loaded (for example in your app's startup code), paste this stub instead. It queues calls and loads the script:
            </p>
            <CodeBlock label="Inline stub" code={`<script>\n${snippet(project.public_key, origin)}\n</script>`} />
            {project.allowed_origins.length ? (
              <p class="field-hint">
                The SDK answers only on {project.allowed_origins.join(", ")} (<Link href={`/p/${project.id}/settings`}>allowed origins</Link>).
              </p>
            ) : (
              <p class="field-hint">
                Any origin may use this key. Restrict it to your app in <Link href={`/p/${project.id}/settings`}>Settings</Link>.
              </p>
            )}
          </div>
        </Card>
        <Card title="2. Tell Guidewell who the user is">
          <div class="stack">
            <p class="muted">After login, identify the user with traits you want to target on:</p>
            <CodeBlock label="identify call" code={identifyCall(project.identity_verification)} />
            <p class="muted">
              {project.identity_verification ? "Identity verification is on: " : "With identity verification (recommended), "}
              your server computes <code>userHash</code>, the HMAC-SHA256 (hex) of the user id keyed with the project's identity secret, so nobody can pose as another user.
            </p>
            <Segmented label="Server language" value={language} options={examples.map((e) => ({ value: e.language, label: e.language }))} onValue={setLanguage} />
            <CodeBlock label={`user_hash in ${example.language}`} code={example.code} />
            {!isOwner ? <p class="field-hint">Only owners can see the identity secret; ask one to fill it in.</p> : <p class="field-hint">Keep the secret on your server. Rotating keys in Settings replaces it.</p>}
          </div>
        </Card>
        <Card title="3. Check the installation">
          <div class="install-check" role="status" aria-live="polite">
            {received ? (
              <Banner tone="success">
                <strong>Received.</strong> {fmt.plural(users.data!.total, "user")} seen so far; the latest {fmt.relative(users.data!.items[0]?.last_seen)}.
              </Banner>
            ) : (
              <div class="waiting">
                <span class="pulse" aria-hidden="true" />
                <span>Waiting for the first event… Open your app with the script installed.</span>
              </div>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
