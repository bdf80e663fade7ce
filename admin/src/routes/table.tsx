// Screens of a project, by path under /p/:pid.
import type { JSX } from "preact";
import { ExperimentDetail, ExperimentList, NewExperiment } from "./Experiments";
import { FlowAnalytics } from "./FlowAnalytics";
import { FlowEditor } from "./editor/FlowEditor";
import { FlowList } from "./Flows";
import { Install } from "./Install";
import { Members } from "./Members";
import { Overview } from "./Overview";
import { SegmentEditor, SegmentList } from "./Segments";
import { Settings } from "./Settings";

export const ROUTES: { path: string; render: (params: Record<string, string>) => JSX.Element }[] = [
  { path: "/overview", render: () => <Overview /> },
  { path: "/flows", render: () => <FlowList /> },
  { path: "/flows/:fid", render: (p) => <FlowEditor key={p.fid} fid={Number(p.fid)} /> },
  { path: "/flows/:fid/analytics", render: (p) => <FlowAnalytics key={p.fid} fid={Number(p.fid)} /> },
  { path: "/experiments", render: () => <ExperimentList /> },
  { path: "/experiments/new", render: () => <NewExperiment /> },
  { path: "/experiments/:eid", render: (p) => <ExperimentDetail key={p.eid} eid={Number(p.eid)} /> },
  { path: "/segments", render: () => <SegmentList /> },
  { path: "/segments/new", render: () => <SegmentEditor key="new" sid={null} /> },
  { path: "/segments/:sid", render: (p) => <SegmentEditor key={p.sid} sid={Number(p.sid)} /> },
  { path: "/install", render: () => <Install /> },
  { path: "/settings", render: () => <Settings /> },
  { path: "/members", render: () => <Members /> },
];
