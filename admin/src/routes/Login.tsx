import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, type ApiError, RateLimitError } from "../api";
import { Icon } from "../components/icons";
import { Button, Errors, FormError, TextField } from "../components/ui";
import type { SessionInfo } from "../types";

function AuthCard({ title, children }: { title: string; children: JSX.Element | JSX.Element[] }): JSX.Element {
  return (
    <main class="auth">
      <div class="auth-card">
        <div class="brand brand-lg">
          <span class="brand-mark" aria-hidden="true">
            <Icon name="check" size={16} />
          </span>
          Guidewell
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Login({ onDone }: { onDone: (info: SessionInfo) => void }): JSX.Element {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.login(email, password));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const message =
    error instanceof RateLimitError
      ? `Too many attempts. Try again${error.retryAfter ? ` in ${error.retryAfter} s` : " later"}.`
      : error;
  return (
    <AuthCard title="Log in">
      <form onSubmit={submit} class="stack">
        <Errors errors={error?.fields ?? {}} prefix="">
          <TextField label="Email" name="email" type="email" autoComplete="username" value={email} onValue={setEmail} required autoFocus />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} required />
        </Errors>
        <FormError error={message} />
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          Log in
        </Button>
      </form>
    </AuthCard>
  );
}

/** /admin/invite#TOKEN: the link an owner sent to someone without an account. */
export function AcceptInvite({ onDone }: { onDone: (info: SessionInfo) => void }): JSX.Element {
  const token = location.hash.slice(1);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await api.acceptInvite(token, password, name);
      onDone(info);
      location.replace(`/admin/`);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title="Join a project">
      <form onSubmit={submit} class="stack">
        <p class="muted">Choose a password (or enter the one of your existing account) to accept the invitation.</p>
        <Errors errors={error?.fields ?? {}} prefix="">
          <TextField label="Your name" name="name" value={name} onValue={setName} autoComplete="name" />
          <TextField label="Password" name="password" type="password" hint="At least 8 characters." value={password} onValue={setPassword} autoComplete="new-password" required />
        </Errors>
        <FormError error={error} />
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          Accept invitation
        </Button>
      </form>
    </AuthCard>
  );
}
