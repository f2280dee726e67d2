/**
 * Python's number rules where the trainers' bucket code relies on them, so that our preview rounds
 * exactly as they do: `round()` rounds halves to even, `round(x, n)` rounds the double's exact decimal
 * value, `//` floors.
 */

/** Python 3 `round(x)`: nearest integer, halves to the even one. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Python 3 `round(x, digits)` for finite x ≥ 0 below 1e21: the exact decimal expansion of the double
 * decides (toFixed(100) writes it out), an exact half goes to the even digit.
 */
export function pythonRoundDigits(x: number, digits: number): number {
  if (x < 0) return -pythonRoundDigits(-x, digits);
  const exact = x.toFixed(100);
  const point = exact.indexOf('.');
  const kept = exact.slice(0, point) + exact.slice(point + 1, point + 1 + digits);
  const rest = exact.slice(point + 1 + digits);
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1);
  let roundUp: boolean;
  if (first > 5) roundUp = true;
  else if (first < 5) roundUp = false;
  else if (/[1-9]/.test(tail)) roundUp = true;
  else roundUp = (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1;
  const scaled = BigInt(kept) + (roundUp ? 1n : 0n);
  // The shortest double nearest to scaled / 10^digits, as Python's repr-based rounding gives.
  return Number(
    `${scaled.toString().slice(0, -digits) || '0'}.${scaled.toString().padStart(digits, '0').slice(-digits)}`,
  );
}

/** Python `a // b` on floats, as CPython computes it (fmod first, so it never rounds up across an integer). */
export function floorDiv(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0;
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}
