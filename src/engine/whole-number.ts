/** A whole number from 1 to `max` written plainly in digits (not "1e5", "0x10" or "2.0"), or undefined. */
export function wholeNumber(text: string, max: number = Number.MAX_SAFE_INTEGER): number | undefined {
  return /^[1-9][0-9]*$/.test(text) && Number(text) <= max ? Number(text) : undefined;
}
