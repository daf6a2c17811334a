import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// How the embedded server's JVM is started: its flags and its class-data archive.
//
// Start-up: a JVM loads and verifies some 3,000 classes of the server, netty and H2 before it listens
// (~0.5 s of CPU, paid by every test run and by test files that start their own server). An application
// class-data archive (AppCDS, built into Java 17) holds them already parsed and verified: measured 0.5 → 0.22 s
// of CPU to the port line. The install makes it once: the launcher started on a scratch H2 file with its stdin
// closed opens the storage, listens and exits, and the JVM writes the classes it loaded
// (`-XX:ArchiveClassesAtExit`). An archive the JVM cannot use (another Java build) is ignored by the JVM,
// which then loads classes as usual. CDS needs jars on the class path, so the launcher is packed in classes.jar.

const ARCHIVE = 'launcher.jsa';
const JAR = 'classes.jar';

/** The JVM's flags, for the install's archive run and every start alike. */
const JVM_FLAGS = [
  '-Xss4m',
  '-XX:+UseSerialGC',
  // A starting heap in proportion to the machine (4 % of its memory; the JVM's default is 1/64): from the default
  // ~384 MB on 24 GB the serial collector kept the heap at ~440 MB through a callback-ingest bench, its ~120 MB young
  // generation promoting short-lived pages and documents early, so the old generation filled and three full
  // collections took 1.9–2.6 s each; GC CPU over the bench 3.97 → 2.31 s.
  '-XX:InitialRAMPercentage=4',
  // Optimizing compilation (C2) only for code that stays hot: with the default thresholds the C2 compiler
  // spent 18 of 56 s of the server's CPU over 81,000 commands of a fresh server (a benchmark, a test run),
  // recompiling much of the library's code that ran a few thousand times. Ten to twenty times the thresholds
  // halved that (8.4 s) for 50 s in all (56 s before); C1 alone was 59 s (its code ~1.5× slower once warm).
  '-XX:Tier4InvocationThreshold=100000',
  '-XX:Tier4MinInvocationThreshold=50000',
  '-XX:Tier4CompileThreshold=150000',
  '-XX:Tier4BackEdgeThreshold=1000000',
  // Smaller C2 compilation units (defaults 325 bytecodes and 2,500 bytes of code): C2 compiled methods such as H2's
  // MVMap.operate and the BSON encoder into 50–80 kB of code, three times each as their type profiles changed.
  // Over a callback-ingest bench the compiler threads used 10.5 → 3.5 s of CPU (0.32 → 0.10 ms per acknowledged
  // callback cold) and the command threads did not get slower (20.7 → 18.4 s). The flags change no behaviour. The
  // one failure seen with them (message-sender.test.ts 'token expires mid-run' at load ~20: 3 gettoken calls, not
  // 2) is what that test's 300 ms WeCom timeout gives when one gettoken answers late: it is retried
  // (wecom-transport.ts) and counted again, as a delayed gettoken injected in the emulator reproduces.
  '-XX:FreqInlineSize=100',
  '-XX:InlineSmallCode=1000',
  // The JVM's own messages (an archive it cannot use, say) go to stderr: stdout carries the port line only.
  '-Xlog:disable',
  '-Xlog:all=warning:stderr',
];

/** The class path of an install directory: classes.jar once packed, else the classes folder. */
export function launcherClasspath(installDir: string): string {
  const jar = join(installDir, JAR);
  return [existsSync(jar) ? jar : join(installDir, 'classes'), join(installDir, 'lib', '*')].join(':');
}

/** The java arguments before the launcher's class name. */
export function jvmArgs(installDir: string): string[] {
  const archive = join(installDir, ARCHIVE);
  const share = existsSync(archive) && existsSync(join(installDir, JAR)) ? [`-XX:SharedArchiveFile=${archive}`] : [];
  return [...JVM_FLAGS, ...share, '-cp', launcherClasspath(installDir)];
}

/** Packs the compiled launcher and writes the class-data archive; without them the JVM starts as before. */
export function makeClassArchive(installDir: string, log: (line: string) => void): void {
  const scratch = mkdtempSync(join(tmpdir(), 'scrm-db-archive-'));
  try {
    execFileSync('jar', ['cf', join(installDir, JAR), '-C', join(installDir, 'classes'), '.'], { stdio: 'ignore' });
    execFileSync(
      'java',
      [
        ...JVM_FLAGS,
        `-XX:ArchiveClassesAtExit=${join(installDir, ARCHIVE)}`,
        '-cp',
        launcherClasspath(installDir),
        'Launcher',
        '--storage',
        join(scratch, 'archive.h2'),
      ],
      { input: '', stdio: ['pipe', 'ignore', 'ignore'], timeout: 120_000 },
    );
  } catch (error) {
    rmSync(join(installDir, JAR), { force: true });
    rmSync(join(installDir, ARCHIVE), { force: true });
    log(`no class-data archive for the embedded database (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
