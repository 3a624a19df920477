import type { BuiltInMessageKind } from './message-kinds';

/**
 * The built-in message templates, one Handlebars source per message, shared by every format: the helpers
 * (`h1`, `h2`, `b` for bold, `bullet`, `ifFormat`) render the format's own syntax, and every value in the data
 * is already escaped for the format. Lines end with `\n`; trailing blank lines are trimmed after rendering. A block
 * tag alone on its line (`{{/each}}`) takes its line with it, as Handlebars does, hence the doubled newlines.
 */
export const BUILT_IN_TEMPLATES = {
  internal_update: `{{#h2}}Incident: {{title}}{{/h2}}
{{#b}}Severity:{{/b}} {{severity}}
{{#b}}Status:{{/b}} {{status}}
{{#b}}IC:{{/b}} {{commander}}
{{#b}}Impact:{{/b}}
{{#each impact}}{{bullet}}{{this}}
{{else}}{{bullet}}Not yet assessed
{{/each}}{{#b}}Current Actions:{{/b}}
{{#each actions}}{{bullet}}{{this}}
{{else}}{{bullet}}None yet
{{/each}}{{#b}}Next Update:{{/b}} {{nextUpdate}}
`,

  tactical_update: `{{#h2}}Tactical update (CAN): {{title}}{{/h2}}
{{#if reporter}}{{#b}}From:{{/b}} {{reporter}}
{{/if}}{{#b}}Conditions:{{/b}}
{{#each conditions}}{{bullet}}{{this}}
{{else}}{{bullet}}None reported
{{/each}}{{#b}}Actions:{{/b}}
{{#each actions}}{{bullet}}{{this}}
{{else}}{{bullet}}None reported
{{/each}}{{#b}}Needs:{{/b}}
{{#each needs}}{{bullet}}{{this}}
{{else}}{{bullet}}Nothing
{{/each}}`,

  executive_summary: `{{#h2}}Executive summary: {{title}}{{/h2}}
{{#b}}Severity:{{/b}} {{severity}}
{{#b}}Status:{{/b}} {{status}}
{{#b}}Started:{{/b}} {{startedAt}} ({{elapsed}} ago)
{{#b}}Current status:{{/b}} {{currentStatus}}
{{#b}}Overview:{{/b}} {{overview}}
{{#b}}Next steps:{{/b}}
{{#each nextSteps}}{{bullet}}{{this}}
{{else}}{{bullet}}To be decided
{{/each}}{{#if nextUpdate}}{{#b}}Next update:{{/b}} {{nextUpdate}}
{{/if}}`,

  status_page_update: `{{#b}}[{{statusLabel}}] {{title}}{{/b}}
{{message}}
{{#if closing}}{{closing}}
{{/if}}{{#if nextUpdate}}Next update: in {{nextUpdate}}
{{/if}}Posted: {{postedAt}}
`,

  resolution_update: `{{#b}}[Resolved] {{title}}{{/b}}
{{summary}}
{{#if cause}}{{cause}}
{{/if}}{{closing}}
{{#if dataLoss}}{{dataLoss}}
{{/if}}Duration: {{duration}}
{{#if affected}}Affected: {{affected}}
{{/if}}`,

  handoff_brief: `{{#h2}}Handoff: {{role}}, {{title}}{{/h2}}
{{from}} is handing over {{role}} to {{to}} at {{at}}.
{{#b}}Severity:{{/b}} {{severity}}
{{#b}}Status:{{/b}} {{status}}
{{#b}}Conditions:{{/b}}
{{#each conditions}}{{bullet}}{{this}}
{{else}}{{bullet}}None reported
{{/each}}{{#b}}Actions in flight:{{/b}}
{{#each actions}}{{bullet}}{{this}}
{{else}}{{bullet}}None
{{/each}}{{#b}}Needs:{{/b}}
{{#each needs}}{{bullet}}{{this}}
{{else}}{{bullet}}Nothing
{{/each}}{{#b}}Announce:{{/b}} "Handing over {{role}} to {{toName}}."
`,

  postmortem: `{{#h1}}Postmortem: {{title}}{{/h1}}
{{#b}}Owner:{{/b}} {{owner}}
{{#b}}Meeting:{{/b}} {{meetingDate}}
{{#b}}Severity:{{/b}} {{severity}}
This postmortem is blameless: it looks at systems and decisions, not at people.

{{#h2}}Overview{{/h2}}
{{overview}}

{{#h2}}What happened{{/h2}}
{{whatHappened}}

{{#h2}}Contributing factors{{/h2}}
{{#each contributingFactors}}{{bullet}}{{this}}
{{else}}{{bullet}}To be analysed
{{/each}}

{{#h2}}Resolution{{/h2}}
{{#b}}Temporary:{{/b}} {{temporaryResolution}}
{{#b}}Long-term:{{/b}} {{longTermResolution}}

{{#h2}}Impact{{/h2}}
{{#each timeInSeverity}}{{bullet}}Time in {{severity}}: {{duration}}
{{/each}}{{bullet}}Users or accounts affected: {{usersAffected}}
{{bullet}}Support requests: {{supportRequests}}

{{#h2}}Responders{{/h2}}
{{#each responders}}{{bullet}}{{name}} ({{roles}})
{{else}}{{bullet}}None recorded
{{/each}}

{{#h2}}Timeline{{/h2}}
{{#ifFormat "markdown"}}| Time (UTC) | Event |
| --- | --- |
{{#each timeline}}| {{time}} | {{event}} |
{{/each}}{{else}}{{#each timeline}}{{bullet}}{{time}}: {{event}}
{{/each}}{{/ifFormat}}
{{#h2}}What went well{{/h2}}
{{#each wentWell}}{{bullet}}{{this}}
{{else}}{{bullet}}To be discussed
{{/each}}

{{#h2}}What didn't go well{{/h2}}
{{#each wentPoorly}}{{bullet}}{{this}}
{{else}}{{bullet}}To be discussed
{{/each}}

{{#h2}}Action items{{/h2}}
{{#each actionItems}}{{bullet}}{{title}} (owner: {{owner}}, due: {{due}})
{{else}}{{bullet}}None yet
{{/each}}

{{#h2}}Messages{{/h2}}
{{#b}}Internal:{{/b}}
{{#each internalMessages}}{{bullet}}{{this}}
{{else}}{{bullet}}None
{{/each}}{{#b}}External:{{/b}}
{{#each externalMessages}}{{bullet}}{{this}}
{{else}}{{bullet}}None
{{/each}}`,
} as const satisfies Readonly<Record<BuiltInMessageKind, string>>;
