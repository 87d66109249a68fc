import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Stage boundaries (../shared/design/ARCHITECTURE.md): a stage reaches another
 * only through its index.ts, and only a stage that comes before it in the
 * flow source → mail → series → diff → code → model → rules → tree → review,
 * with report and publish after rules (publish after report) and the CLI on top.
 */
const FLOW = ['common', 'source', 'mail', 'series', 'diff', 'code', 'model', 'rules', 'tree', 'review'];
const upTo = (stage) => FLOW.slice(0, FLOW.indexOf(stage));
const MAY_IMPORT = {
  ...Object.fromEntries(FLOW.map((s) => [s, upTo(s)])),
  report: upTo('tree'),
  publish: [...upTo('tree'), 'report'],
  cli: [...FLOW, 'report', 'publish'],
};
const STAGES = Object.keys(MAY_IMPORT);

const boundaries = STAGES.map((stage) => {
  const others = STAGES.filter((s) => s !== stage);
  const forbidden = others.filter((s) => !MAY_IMPORT[stage].includes(s));
  const patterns = [
    {
      regex: `^(\\.\\./)+(${others.join('|')})/(?!index\\.js$)`,
      message: 'Another stage is reached only through its index.js.',
    },
  ];
  if (forbidden.length) {
    patterns.push({
      regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
      message: `Against the flow: ${stage} may import only ${MAY_IMPORT[stage].join(', ') || 'nothing of another stage'} (eslint.config.js, ARCHITECTURE.md).`,
    });
  }
  return { files: [`src/${stage}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'examples/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  ...boundaries,
);
