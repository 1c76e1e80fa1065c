// The sandbox and the demo load the WeLink emulator (src/sandbox/): only when they are asked for,
// so `serve` and the other commands never load it (tests/architecture checks the static graph).

type Out = (line: string) => void;

export async function sandboxCommand(argv: string[], out: Out): Promise<number | "serving"> {
  return (await import("./sandbox.ts")).sandboxCommand(argv, out);
}

export async function demoCommand(argv: string[], out: Out): Promise<number | "serving"> {
  return (await import("./demo.ts")).demoCommand(argv, out);
}
