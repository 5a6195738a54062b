/**
 * Checks a CronJob schedule the way Kubernetes accepts it: five fields
 * (minute hour day-of-month month day-of-week) in standard cron syntax, or one
 * of the macros (`@hourly`, `@daily`, ...). Returns a reason, or undefined when
 * the schedule is valid.
 */

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  // 7 is Sunday too, as in Vixie cron and robfig/cron.
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return MACROS.has(trimmed) ? undefined : `unknown schedule macro "${trimmed}" (use @yearly, @monthly, @weekly, @daily or @hourly)`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'time zones are not set in the schedule';
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) {
    return `a schedule has 5 fields (minute hour day-of-month month day-of-week), "${schedule}" has ${trimmed === '' ? 0 : parts.length}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i]!, FIELDS[i]!);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(text: string, spec: FieldSpec): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return `${spec.name} "${item}" has more than one "/"`;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `${spec.name} step "${step}" must be a positive number`;
    if (range === '*' || (range === '?' && (spec.name === 'day of month' || spec.name === 'day of week'))) continue;
    const bounds = (range ?? '').split('-');
    if (bounds.length > 2) return `${spec.name} "${item}" is not a value or a range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = fieldValue(bound, spec);
      if (value === undefined) return `${spec.name} "${bound}" is not a value in ${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `${spec.name} range "${range}" goes backwards`;
  }
  return undefined;
}

function fieldValue(text: string, spec: FieldSpec): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + (spec.name === 'month' ? 1 : 0) : undefined;
}
