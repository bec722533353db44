/**
 * Peak resident set size of this process so far, in MB (the kernel's ru_maxrss:
 * every thread of the process, sampled by the OS, so no polling is needed).
 */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
