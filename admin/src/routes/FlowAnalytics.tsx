import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { BarChart, FunnelChart, TrendChart } from "../charts/charts";
import { COLORS } from "../charts/UPlot";
import { Icon } from "../components/icons";
import { Button, Card, EmptyState, ErrorBanner, PageHeader, Select, Spinner, Stat } from "../components/ui";
import { useResource } from "../hooks";
import * as fmt from "../lib/format";
import { kindLabel } from "../lib/kinds";
import { Link, setQuery, useLocation } from "../router";
import { useProject } from "../session";
import type { Flow, FlowReport, QuestionResult } from "../types";
import { RangePicker, rangeFromQuery, rangeToQuery } from "./RangePicker";

export function FlowAnalytics({ fid }: { fid: number }): JSX.Element {
  const { project } = useProject();
  const pid = project.id;
  const { query } = useLocation();
  const range = rangeFromQuery(query);
  const version = query.get("version") ? Number(query.get("version")) : undefined;
  const variant = query.get("variant") ?? undefined;
  const flow = useResource(() => api.flow(pid, fid), [pid, fid]);
  const versions = useResource(() => api.versions(pid, fid), [pid, fid]);
  const experiments = useResource(() => api.experiments(pid, { flow_id: fid }).then((p) => p.items), [pid, fid]);
  const report = useResource(() => api.flowReport(pid, fid, { from: range.from, to: range.to, version, variant }), [pid, fid, range.from, range.to, version, variant]);
  const variants = [...new Set((experiments.data ?? []).flatMap((e) => e.variants.map((v) => v.key)))];

  return (
    <div class="page">
      <PageHeader
        title={flow.data ? flow.data.name : "Analytics"}
        subtitle={flow.data ? `${kindLabel(flow.data.kind)} analytics · days in ${project.timezone}` : undefined}
        actions={
          <Link href={`/p/${pid}/flows/${fid}`} class="btn btn-secondary btn-md">
            Open editor
          </Link>
        }
      />
      <div class="toolbar">
        <RangePicker range={range} onChange={(r) => setQuery(rangeToQuery(r))} />
        <Select label="Version" value={version ? String(version) : ""} options={[{ value: "", label: "All versions" }, ...(versions.data ?? []).map((v) => ({ value: String(v.number), label: `Version ${v.number}${v.is_live ? " (live)" : ""}` }))]} onValue={(v) => setQuery({ version: v })} />
        {variants.length ? <Select label="Variant" value={variant ?? ""} options={[{ value: "", label: "All variants" }, ...variants.map((v) => ({ value: v, label: `Variant ${v}` }))]} onValue={(v) => setQuery({ variant: v })} /> : null}
      </div>
      {report.error ? <ErrorBanner error={report.error} onRetry={report.reload} /> : null}
      {!report.data ? report.error ? null : <Spinner /> : <FlowReportView report={report.data} flow={flow.data} />}
      {flow.data?.kind === "questionnaire" ? <Responses pid={pid} flow={flow.data} from={range.from} to={range.to} version={version} /> : null}
    </div>
  );
}

function FlowReportView({ report, flow }: { report: FlowReport; flow?: Flow }): JSX.Element {
  const s = report.summary;
  const funnel = report.funnel;
  const stepWord = flow?.kind === "questionnaire" ? "Question" : flow?.kind === "hotspot" ? "Hotspot" : flow?.kind === "checklist" ? "Item" : "Step";
  return (
    <div class="stack-lg">
      <div class="stats">
        <Stat label="Users shown" value={fmt.count(s.shown)} />
        <Stat label="Started" value={fmt.count(s.started)} />
        <Stat label="Completed" value={fmt.count(s.completed)} hint={`${fmt.rate(s.completion_rate)} completion`} />
        <Stat label="Dismissed" value={fmt.count(s.dismissed)} />
      </div>
      {s.shown === 0 ? <EmptyState title="No data in this range">Nobody saw this flow between {fmt.date(report.range.from)} and {fmt.date(report.range.to)}.</EmptyState> : null}
      {funnel.length && s.shown ? (
        <Card title="Funnel">
          <FunnelChart
            label={`Funnel: ${funnel.map((f) => `${f.label} ${f.viewed}`).join(", ")}, completed ${s.completed}`}
            labels={[...funnel.map((f, i) => `${i + 1}. ${f.label}`), "Completed"]}
            values={[...funnel.map((f) => f.viewed), s.completed]}
            dropOffs={[...funnel.map((f, i) => (i === funnel.length - 1 ? pctBetween(f.viewed, s.completed) : f.drop_off_pct)), null]}
          />
          <table class="table table-compact">
            <thead>
              <tr>
                <th scope="col">{stepWord}</th>
                <th scope="col" class="num">Viewed</th>
                <th scope="col" class="num">Drop-off to next</th>
                <th scope="col" class="num">Median time</th>
                <th scope="col" class="num">Dismissed</th>
                <th scope="col" class="num">Target missing</th>
              </tr>
            </thead>
            <tbody>
              {funnel.map((f) => (
                <tr key={f.step}>
                  <td>
                    {f.step + 1}. {f.label}
                  </td>
                  <td class="num">{fmt.count(f.viewed)}</td>
                  <td class="num">
                    {fmt.count(f.drop_off)} <span class="muted">({fmt.pct(f.drop_off_pct)})</span>
                  </td>
                  <td class="num">{fmt.seconds(f.median_seconds)}</td>
                  <td class="num">{fmt.count(f.dismissed)}</td>
                  <td class="num">
                    {f.target_missing ? (
                      <span class="warn-text">
                        <Icon name="warning" size={12} /> {fmt.count(f.target_missing)}
                      </span>
                    ) : (
                      "0"
                    )}
                    {f.fallback_matched ? <div class="muted small">{fmt.count(f.fallback_matched)} by fallback</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {report.trend.length && s.shown ? (
        <Card title="Trend">
          <TrendChart
            label="Users shown, completed and dismissed per day"
            days={report.trend.map((d) => d.day)}
            series={[
              { label: "Shown", values: report.trend.map((d) => d.shown), color: COLORS.accent, fill: true },
              { label: "Completed", values: report.trend.map((d) => d.completed), color: COLORS.green },
              { label: "Dismissed", values: report.trend.map((d) => d.dismissed), color: COLORS.amber },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}

const pctBetween = (a: number, b: number): number | null => (a ? ((a - b) / a) * 100 : null);

function Responses({ pid, flow, from, to, version }: { pid: number; flow: Flow; from: string; to: string; version?: number }): JSX.Element {
  const report = useResource(() => api.responses(pid, flow.id, { from, to, version }), [pid, flow.id, from, to, version]);
  return (
    <section class="stack-lg section">
      <div class="section-head">
        <h2>Answers</h2>
        <a class="btn btn-secondary btn-md" href={api.responsesCsvUrl(pid, flow.id, { from, to, version })} download>
          <Icon name="external" /> Export CSV
        </a>
      </div>
      {report.error ? <ErrorBanner error={report.error} onRetry={report.reload} /> : null}
      {!report.data ? report.error ? null : <Spinner /> : null}
      {report.data && !report.data.questions.some((q) => q.responses) ? <EmptyState title="No answers in this range" /> : null}
      {report.data?.questions.map((q) => <QuestionCard key={q.id} pid={pid} flow={flow} question={q} from={from} to={to} version={version} />)}
    </section>
  );
}

function QuestionCard({ pid, flow, question: q, from, to, version }: { pid: number; flow: Flow; question: QuestionResult; from: string; to: string; version?: number }): JSX.Element {
  const dist = q.distribution ?? [];
  return (
    <Card title={q.prompt} actions={<span class="muted small">{fmt.plural(q.responses, "answer")}</span>}>
      {q.type === "nps" && q.nps ? <NpsSummary nps={q.nps} /> : null}
      {dist.length && q.responses ? (
        <BarChart
          label={`Answers to “${q.prompt}”: ${dist.map((d) => `${d.label ?? d.value}: ${d.count}`).join(", ")}`}
          labels={dist.map((d) => String(d.label ?? d.value))}
          values={dist.map((d) => d.count)}
          height={180}
          color={q.type === "nps" ? COLORS.accent : COLORS.accent}
        />
      ) : null}
      {q.type === "text" ? <TextAnswers pid={pid} flow={flow} question={q.id} from={from} to={to} version={version} /> : null}
    </Card>
  );
}

function NpsSummary({ nps }: { nps: NonNullable<QuestionResult["nps"]> }): JSX.Element {
  const total = nps.responses || 1;
  const part = (n: number): string => `${((n / total) * 100).toFixed(0)}%`;
  return (
    <div class="nps">
      <div class="nps-score">
        <span class="stat-label">NPS</span>
        <span class="nps-value" data-testid="nps-score">
          {nps.score === null ? "—" : nps.score.toFixed(1)}
        </span>
      </div>
      <div class="nps-parts">
        <div class="nps-bar" role="img" aria-label={`Promoters ${part(nps.promoters)}, passives ${part(nps.passives)}, detractors ${part(nps.detractors)}`}>
          <span class="promoters" style={{ width: part(nps.promoters) }} />
          <span class="passives" style={{ width: part(nps.passives) }} />
          <span class="detractors" style={{ width: part(nps.detractors) }} />
        </div>
        <div class="nps-legend small">
          <span>
            <i class="dot promoters" /> Promoters {fmt.count(nps.promoters)} ({part(nps.promoters)})
          </span>
          <span>
            <i class="dot passives" /> Passives {fmt.count(nps.passives)}
          </span>
          <span>
            <i class="dot detractors" /> Detractors {fmt.count(nps.detractors)} ({part(nps.detractors)})
          </span>
        </div>
      </div>
    </div>
  );
}

function TextAnswers({ pid, flow, question, from, to, version }: { pid: number; flow: Flow; question: string; from: string; to: string; version?: number }): JSX.Element {
  const [page, setPage] = useState(1);
  const answers = useResource(() => api.responses(pid, flow.id, { from, to, version, question, page, per_page: 10 }), [pid, flow.id, question, from, to, version, page]);
  const list = answers.data?.text_answers;
  if (!list) return answers.loading ? <Spinner /> : <></>;
  if (!list.items.length) return <p class="muted">No written answers in this range.</p>;
  const pages = Math.ceil(list.total / list.per_page);
  return (
    <div class="stack-sm">
      <ul class="answers">
        {list.items.map((a, i) => (
          <li key={i}>
            <p>{a.value}</p>
            <span class="muted small">{fmt.dateTime(a.answered_at)}</span>
          </li>
        ))}
      </ul>
      <div class="pager">
        <Button size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </Button>
        <span class="muted small">
          Page {page} of {pages}
        </span>
        <Button size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          Next
        </Button>
      </div>
    </div>
  );
}
