// Runs cyclekit's main in this process and, at the end, writes the process's peak memory to
// stderr for test/helpers/cli.ts cliMeasured. argv[2]: the built main.js URL; argv[3]: JSON args.
const { main } = await import(process.argv[2]);
const code = await main(['node', 'cyclekit', ...JSON.parse(process.argv[3])]);
process.stderr.write(`\n@@peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
