// Who is logged in, and the project being worked on, for every screen.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Project, SessionInfo } from "./types";

export interface SessionValue {
  info: SessionInfo;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}
export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside a session");
  return value;
}

export interface ProjectValue {
  project: Project;
  setProject: (project: Project) => void;
  canEdit: boolean;
  isOwner: boolean;
}
export const ProjectContext = createContext<ProjectValue | null>(null);

export function useProject(): ProjectValue {
  const value = useContext(ProjectContext);
  if (!value) throw new Error("useProject outside a project");
  return value;
}
