/** Orders strings by code unit: the same on every host, unlike `localeCompare` (which follows the host's locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
