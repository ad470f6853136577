/**
 * The learning-rate schedules live in core/plan/lr-schedule.ts: the trainer reads them per step and
 * the plan compares them (a WSD decay branches off a shared stable phase where two trials' rates
 * agree step for step), so both must use the one definition.
 */
export { createSchedule, type Schedule } from '../../core/plan/lr-schedule';
