// Adds up the JSON reports of every suite into the one line CI reads: `tests: N passed, M failed`.
// A suite without a report (it crashed, or never ran) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...suites] = process.argv.slice(2);
let passed = 0;
let failed = 0;

for (const suite of suites) {
  const file = join(dir, `${suite}.json`);
  if (!existsSync(file)) {
    console.log(`${suite}: no report (the suite did not run to the end)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  const counts = Array.isArray(report) ? eslint(report) : report.stats ? playwright(report) : vitest(report);
  console.log(`${suite}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`);
  passed += counts.passed;
  failed += counts.failed;
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function vitest(report) {
  // A file that fails to load has no failed tests but is a failed suite.
  const brokenFiles = report.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

// One check per linted file: clean, or not.
function eslint(report) {
  const failed = report.filter((file) => file.errorCount > 0 || file.fatalErrorCount > 0).length;
  return { passed: report.length - failed, failed, skipped: 0 };
}

function playwright(report) {
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + (report.errors?.length ?? 0),
    skipped: report.stats.skipped,
  };
}
