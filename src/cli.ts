#!/usr/bin/env node
import { runUnderstudy } from './commands/program.js';

// A usage mistake (2) ends the process at once; otherwise it ends when its work is done: at once for
// verify and the like, on a signal for mock and proxy, which are listening.
const status = await runUnderstudy(process.argv.slice(2));
if (status === 2) process.exit(2);
process.exitCode = status;
