#!/usr/bin/env node
// Prints the overhead suite's best-burst µs per op as JSON, for overhead-baseline.json. To
// record a release's figure: check it out in a worktree, copy this file, src/measure.mjs and
// src/suites/overhead.mjs (with any overhead-baseline.json) over it, build, run this there.
import { execSync } from 'node:child_process';
import { engines, measure } from '../src/measure.mjs';
import { overheadTasks } from '../src/suites/overhead.mjs';

const context = await engines();
const ms = await measure(overheadTasks(context), { quick: false });
const us = Object.fromEntries(Object.entries(ms).map(([name, t]) => [name, +(t * 1e3).toFixed(3)]));
const commit = execSync('git rev-parse --short HEAD').toString().trim();
console.log(JSON.stringify({ commit, us }, null, 2));
