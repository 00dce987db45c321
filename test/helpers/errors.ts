/** The Postgres error code (SQLSTATE) a call failed with, through drizzle's wrapping; undefined when it succeeded. */
export async function errorCode(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (err) {
    let e: unknown = err;
    for (let i = 0; e && i < 4; i++) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      e = (e as { cause?: unknown }).cause;
    }
    return 'no code';
  }
  return undefined;
}
