#!/usr/bin/env node
// The `incident-kit` command: the only place that touches the process (arguments, files, output, exit code).
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli';

// Piped into `head`, stop quietly when the reader goes away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFileSync(path, 'utf8'),
});
