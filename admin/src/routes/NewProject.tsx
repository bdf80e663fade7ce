import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { Banner, Button, CodeBlock, Errors, FormError, TextField } from "../components/ui";
import { navigate } from "../router";
import { useSession } from "../session";
import type { Keys, Project } from "../types";

/** Create a project; its secret key is shown this once. */
export function NewProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }): JSX.Element | null {
  const session = useSession();
  const [name, setName] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<(Project & { keys: Keys }) | null>(null);
  const close = (): void => {
    if (created) navigate(`/p/${created.id}/install`);
    setCreated(null);
    setName("");
    setError(null);
    onClose();
  };
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      const project = await api.createProject(name);
      await session.refresh();
      setCreated(project);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={created ? "Project created" : "New project"} open={open} onClose={close}>
      {created ? (
        <div class="stack">
          <Banner tone="warning">Copy the secret key now: it is shown only once. Scripts use it as a Bearer token for the REST API.</Banner>
          <CodeBlock label="Secret key" code={created.keys.secret_key} />
          <Button variant="primary" onClick={close}>
            Continue to install
          </Button>
        </div>
      ) : (
        <form class="stack" onSubmit={submit}>
          <Errors errors={error?.fields ?? {}} prefix="">
            <TextField label="Project name" name="name" value={name} onValue={setName} required autoFocus />
          </Errors>
          <FormError error={error} />
          <div class="row-end">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              Create project
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
