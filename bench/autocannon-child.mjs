// Runs autocannon in a process of its own (as greenlight runs in its own), so neither tool
// starts warm: argv[2] is the autocannon options as JSON. Prints the result's rate, its counts
// and the CPU time this process used while autocannon ran.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const cpu = process.cpuUsage();
const result = await autocannon(options);
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
    cpuUsPerRequest: (used.user + used.system) / result.requests.total,
  })}\n`,
);
