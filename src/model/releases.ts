import { compareKernelVersions } from './version.js';

/**
 * Mainline release dates (kernel.org; the day Linus tagged vX.Y). A patch
 * posted on a given day was written against the release then in development
 * or an older one, never a later one: a fact of the base kernel that came
 * later (a fix merged for 6.8) cannot be what a 2023 patch relied on.
 */
const RELEASES: readonly (readonly [string, string])[] = [
  ['5.8', '2020-08-02'], ['5.9', '2020-10-11'], ['5.10', '2020-12-13'], ['5.11', '2021-02-14'], ['5.12', '2021-04-25'],
  ['5.13', '2021-06-27'], ['5.14', '2021-08-29'], ['5.15', '2021-10-31'], ['5.16', '2022-01-09'], ['5.17', '2022-03-20'],
  ['5.18', '2022-05-22'], ['5.19', '2022-07-31'], ['6.0', '2022-10-02'], ['6.1', '2022-12-11'], ['6.2', '2023-02-19'],
  ['6.3', '2023-04-23'], ['6.4', '2023-06-25'], ['6.5', '2023-08-27'], ['6.6', '2023-10-30'], ['6.7', '2024-01-07'],
  ['6.8', '2024-03-10'], ['6.9', '2024-05-12'], ['6.10', '2024-07-14'], ['6.11', '2024-09-15'], ['6.12', '2024-11-17'],
  ['6.13', '2025-01-19'], ['6.14', '2025-03-24'], ['6.15', '2025-05-25'], ['6.16', '2025-07-27'], ['6.17', '2025-09-28'],
  ['6.18', '2025-11-30'],
];

/**
 * The newest kernel a patch dated `date` can be based on: the release in
 * development that day (its -rc), capped at `kernel`, the model's base. An
 * unknown or unparsable date leaves `kernel`.
 */
export function baseKernelAt(date: string | undefined, kernel: string): string {
  const t = date ? Date.parse(date) : NaN;
  if (Number.isNaN(t)) return kernel;
  const next = RELEASES.find(([, day]) => Date.parse(`${day}T23:59:59Z`) >= t);
  if (!next) return kernel;
  return compareKernelVersions(next[0], kernel) < 0 ? next[0] : kernel;
}
