import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { TrendChart } from "../charts/charts";
import { COLORS } from "../charts/UPlot";
import { Button, Card, EmptyState, ErrorBanner, PageHeader, Spinner, Stat } from "../components/ui";
import { useResource } from "../hooks";
import * as fmt from "../lib/format";
import { Link, setQuery, useLocation } from "../router";
import { useProject } from "../session";
import { toast } from "../toast";
import type { ActivityPoint, StepHealth } from "../types";
import { pickError, repick } from "./editor/Builder";
import { RangePicker, rangeFromQuery, rangeToQuery } from "./RangePicker";

const last = (points: ActivityPoint[]): ActivityPoint | undefined => points[points.length - 1];

export function Overview(): JSX.Element {
  const { project, canEdit } = useProject();
  const { query } = useLocation();
  const range = rangeFromQuery(query);
  const overview = useResource(() => api.overview(project.id, { from: range.from, to: range.to }), [project.id, range.from, range.to]);
  const data = overview.data;
  const shown = data?.guides.reduce((sum, d) => sum + d.shown, 0) ?? 0;
  const completed = data?.guides.reduce((sum, d) => sum + d.completed, 0) ?? 0;
  return (
    <div class="page">
      <PageHeader title="Overview" subtitle={`${project.name} · days in ${project.timezone}`} actions={<RangePicker range={range} onChange={(r) => setQuery(rangeToQuery(r))} />} />
      {overview.error ? <ErrorBanner error={overview.error} onRetry={overview.reload} /> : null}
      {!data ? (
        overview.error ? null : <Spinner />
      ) : (
        <div class="stack-lg">
          <div class="stats">
            <Stat label="Active users, last day" value={fmt.count(last(data.active_users.day)?.active)} hint={`${fmt.count(last(data.active_users.day)?.new)} new`} />
            <Stat label="Active users, this week" value={fmt.count(last(data.active_users.week)?.active)} hint={`${fmt.count(last(data.active_users.week)?.returning)} returning`} />
            <Stat label="Active users, this month" value={fmt.count(last(data.active_users.month)?.active)} hint={`${fmt.count(last(data.active_users.month)?.new)} new`} />
            <Stat label="Guides shown" value={fmt.count(shown)} hint={`${fmt.count(completed)} completed (${fmt.rate(shown ? completed / shown : null)})`} />
          </div>
          <div class="grid-2-cards">
            <Card title="Active users per day">
              {data.active_users.day.length ? (
                <TrendChart
                  label="Active users per day: new and returning"
                  days={data.active_users.day.map((p) => p.start)}
                  series={[
                    { label: "Active", values: data.active_users.day.map((p) => p.active), color: COLORS.accent, fill: true },
                    { label: "New", values: data.active_users.day.map((p) => p.new), color: COLORS.green },
                  ]}
                />
              ) : (
                <EmptyState title="No activity yet">Install the SDK to see your users here.</EmptyState>
              )}
            </Card>
            <Card title="Guides shown and completed">
              {data.guides.length ? (
                <TrendChart
                  label="Guides shown and completed per day"
                  days={data.guides.map((d) => d.day)}
                  series={[
                    { label: "Shown", values: data.guides.map((d) => d.shown), color: COLORS.accent, fill: true },
                    { label: "Completed", values: data.guides.map((d) => d.completed), color: COLORS.green },
                  ]}
                />
              ) : (
                <EmptyState title="No guide shown yet" />
              )}
            </Card>
          </div>
          <div class="grid-2-cards">
            <Card title="Worst drop-off steps">
              {data.worst_steps.length ? (
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">Flow and step</th>
                      <th scope="col" class="num">Viewed</th>
                      <th scope="col" class="num">Dropped</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.worst_steps.slice(0, 6).map((s) => (
                      <tr key={`${s.flow_id}-${s.step}`}>
                        <td>
                          <Link href={`/p/${project.id}/flows/${s.flow_id}/analytics`}>{s.flow}</Link>
                          <div class="muted small">
                            Step {s.step + 1}: {s.label}
                          </div>
                        </td>
                        <td class="num">{fmt.count(s.viewed)}</td>
                        <td class="num">
                          <strong>{fmt.pct(s.drop_off_pct)}</strong>
                          <div class="muted small">{fmt.count(s.drop_off)} users</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <EmptyState title="No drop-offs to show">Steps appear here once users have seen a tour.</EmptyState>
              )}
            </Card>
            <Card title="Guide health">
              {data.guide_health.length ? (
                <ul class="health-list">
                  {data.guide_health.map((s) => (
                    <li key={`${s.flow_id}-${s.step}`}>
                      <div>
                      <Link href={`/p/${project.id}/flows/${s.flow_id}`}>{s.flow}</Link>
                      <span class="muted">
                        {" "}
                        · step {s.step + 1} “{s.label}”
                      </span>
                      <div class="small">
                        {s.target_missing ? <span class="warn-text">target missing {fmt.count(s.target_missing)}×</span> : null}
                        {s.target_missing && s.fallback_matched ? " · " : null}
                        {s.fallback_matched ? <span>found only by fallback {fmt.count(s.fallback_matched)}×</span> : null}
                      </div>
                      </div>
                      {canEdit ? <RepickButton pid={project.id} health={s} appUrl={project.app_url} /> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState title="All targets found">No step had a missing target or needed the fallback match.</EmptyState>
              )}
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}

/** One click: the builder opens on the app in pick mode; the element picked there
 * becomes the step's target in the draft, ready to publish. */
function RepickButton({ pid, health, appUrl }: { pid: number; health: StepHealth; appUrl: string }): JSX.Element {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      icon="target"
      busy={busy}
      aria-label={`Re-pick the element of step ${health.step + 1} of ${health.flow}`}
      onClick={async () => {
        setBusy(true);
        try {
          await repick(pid, health.flow_id, health.step, appUrl);
          toast(`Step ${health.step + 1} of “${health.flow}” points at the new element in the draft: publish it to apply.`);
        } catch (error) {
          toast(pickError(error), "error");
        } finally {
          setBusy(false);
        }
      }}
    >
      Re-pick
    </Button>
  );
}
