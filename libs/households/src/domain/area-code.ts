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

/** An area filter: any prefix of a village code (county 6, township 9, village 12 digits, …). */
export function isAreaPrefix(code: string): boolean {
  return /^\d{1,12}$/.test(code);
}
