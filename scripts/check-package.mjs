// What a user gets from npm: packs the package as `npm publish` would (`npm publish --dry-run`, which also runs
// npm's own checks of package.json), then checks that every relative link in the shipped README and docs points at
// a file that is in the tarball, so the guides work from node_modules, and that nothing private is shipped.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const publish = spawnSync('npm', ['publish', '--dry-run', '--json'], { encoding: 'utf8' });
if (publish.status !== 0) {
  console.error(`npm publish --dry-run failed:\n${publish.stderr}`);
  process.exit(1);
}
const packed = JSON.parse(publish.stdout);
const files = new Set((packed.files ?? packed['incident-kit']?.files ?? []).map((file) => file.path));
if (files.size === 0) {
  console.error('npm publish --dry-run listed no files');
  process.exit(1);
}

const failures = [];
const documents = [...files].filter((file) => file.endsWith('.md'));
let links = 0;
for (const document of documents) {
  // Links in code (fenced blocks, inline spans) are examples of syntax, not links.
  const text = readFileSync(document, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const href = match[1];
    if (/^[a-z]+:/i.test(href) || href.startsWith('#')) continue;
    const target = normalize(join(dirname(document), href.split('#')[0]));
    links += 1;
    const isFolder = [...files].some((file) => file.startsWith(`${target.replace(/\/$/, '')}/`));
    if (!files.has(target) && !isFolder)
      failures.push(`${document} links to ${href}, which is not in the package`);
  }
}
// The JSON Schema contract ships as incident-kit/schemas/<name>.json.
for (const name of ['declaration', 'event', 'effect', 'state', 'envelope']) {
  if (!files.has(`schemas/${name}.json`)) failures.push(`schemas/${name}.json is not in the package`);
}
for (const file of files) {
  if (/^(test|src|bench|scripts|\.ci|\.changeset)\//.test(file) || file.startsWith('docs/api/'))
    failures.push(`${file} should not be published`);
}
if (failures.length > 0) {
  console.error(`package check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `package: ${files.size} files, ${documents.length} Markdown documents, ${links} relative links all resolve inside it; npm publish --dry-run passed`,
);
