import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ConfirmDialog } from "../components/Dialog";
import { Banner, Button, Card, CodeBlock, ErrorBanner, Errors, FormError, PageHeader, Select, SelectField, Spinner, TextField } from "../components/ui";
import { useResource } from "../hooks";
import * as fmt from "../lib/format";
import { useProject, useSession } from "../session";
import { toast } from "../toast";
import type { Member, Role } from "../types";

const ROLES = [
  { value: "viewer", label: "Viewer: reads content and analytics" },
  { value: "editor", label: "Editor: authors and publishes" },
  { value: "owner", label: "Owner: also keys, members, settings" },
];

export function Members(): JSX.Element {
  const { project, isOwner } = useProject();
  const { info } = useSession();
  const members = useResource(() => api.members(project.id), [project.id]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [invitation, setInvitation] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  if (!isOwner) return <div class="page"><Banner tone="info">Only owners manage members.</Banner></div>;

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setInvitation(null);
    try {
      const result = await api.addMember(project.id, email, role);
      if (result.invitation_url) setInvitation(result.invitation_url);
      else toast(`${email} added`);
      setEmail("");
      members.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "error", String(err)));
    } finally {
      setBusy(false);
    }
  };
  const change = async (member: Member, next: Role): Promise<void> => {
    try {
      await api.changeRole(project.id, member.account_id, next);
      toast(`${member.email} is now ${next}`);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), "error");
    }
    members.reload();
  };
  return (
    <div class="page page-narrow">
      <PageHeader title="Members" subtitle="Who can work on this project, and as what." />
      <div class="stack-lg">
        <Card title="Add a member">
          <form class="stack" onSubmit={add}>
            <Errors errors={error?.fields ?? {}} prefix="">
              <div class="grid-2 align-end">
                <TextField label="Email" name="email" type="email" value={email} onValue={setEmail} required />
                <SelectField label="Role" name="role" value={role} options={ROLES} onValue={(v) => setRole(v as Role)} />
              </div>
            </Errors>
            <FormError error={error} />
            <div class="row-end">
              <Button type="submit" variant="primary" busy={busy}>
                Add member
              </Button>
            </div>
            {invitation ? (
              <div class="stack">
                <Banner tone="info">No account uses this email yet. Send them this invitation link (valid 7 days):</Banner>
                <CodeBlock label="Invitation link" code={invitation} />
              </div>
            ) : null}
          </form>
        </Card>
        {members.error ? <ErrorBanner error={members.error} onRetry={members.reload} /> : null}
        {!members.data ? members.error ? null : <Spinner /> : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.map((m) => (
                  <tr key={m.account_id}>
                    <td>
                      <div class="row-title">{m.name || m.email}</div>
                      <div class="muted small">
                        {m.email}
                        {m.account_id === info.account.id ? " (you)" : ""}
                      </div>
                    </td>
                    <td>
                      <Select label={`Role of ${m.email}`} value={m.role} options={[{ value: "viewer", label: "Viewer" }, { value: "editor", label: "Editor" }, { value: "owner", label: "Owner" }]} onValue={(v) => void change(m, v as Role)} />
                    </td>
                    <td>{fmt.date(m.created_at)}</td>
                    <td class="actions">
                      <Button size="sm" variant="ghost" icon="trash" onClick={() => setRemoving(m)} aria-label={`Remove ${m.email}`}>
                        Remove
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <ConfirmDialog
        title="Remove this member?"
        open={removing !== null}
        danger
        confirmLabel="Remove"
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          const m = removing!;
          setRemoving(null);
          try {
            await api.removeMember(project.id, m.account_id);
            toast(`${m.email} removed`);
          } catch (err) {
            toast(err instanceof Error ? err.message : String(err), "error");
          }
          members.reload();
        }}
      >
        <p>{removing?.email} loses access to this project. A project always keeps one owner.</p>
      </ConfirmDialog>
    </div>
  );
}
