/**
 * Runs `script` again as a child process with `args` and resolves with the first JSON line it
 * prints (e.g. `{"ready": url}`) and the process: benches put the WeLink sandbox, or a part to be
 * measured on its own (its own peak RSS), in a child this way.
 */
export async function child(script: string, args: string[]): Promise<{ first: Record<string, unknown>; proc: ReturnType<typeof Bun.spawn> }> {
  const proc = Bun.spawn([process.execPath, script, ...args], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const nl = buffered.indexOf("\n");
    if (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith("{")) return { first: JSON.parse(line) as Record<string, unknown>, proc };
      continue;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error("the child process ended");
    buffered += value;
  }
}
