/** Reports: the differential tester's verdict (text, JSON), trace timelines and message sequence charts. */
export { renderTimeline, ruleTexts, type RuleTexts } from './timeline.js';
export { renderMscHtml, type MscOptions } from './msc.js';
export { renderVerdict, verdictJson, headline, type VerdictContext, type WrittenFiles } from './verdict.js';
