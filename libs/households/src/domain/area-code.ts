/**
 * National statistical area codes (统计用区划代码): 6 digits county, 9 township, 12 village.
 * A household belongs to a village; any prefix of a village code names an area above it.
 */
export function isVillageCode(code: string): boolean {
  return (
    /^\d{12}$/.test(code) &&
    !code.startsWith('00') &&
    code.slice(6, 9) !== '000' &&
    code.slice(9) !== '000'
  );
}

/** An area filter: a county (6), township (9) or village (12) code, or a province/city prefix. */
export function isAreaPrefix(code: string): boolean {
  return /^\d+$/.test(code) && [2, 4, 6, 9, 12].includes(code.length);
}
