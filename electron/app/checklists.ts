/** The station's checklist templates, for the handlers: the engine's loader (the CLI uses the same). */
export { loadDefaultTemplates, effectiveTemplates } from '../engine/checklists/templates';
