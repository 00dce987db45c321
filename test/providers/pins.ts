/** A valid personnummer (Luhn check digit) for a birth date YYYYMMDD and a three-digit serial. */
export function pin(yyyymmdd: string, serial: number): string {
  const nine = `${yyyymmdd.slice(2)}${String(serial).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${yyyymmdd}${nine.slice(6)}${(10 - (sum % 10)) % 10}`;
}
