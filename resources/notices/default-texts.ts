/**
 * The texts shipped with the app for the wall notices: the station's duties, its rules (制度)
 * and short notes. Each station may edit its own copy (settings key `notices.texts`).
 * Paragraphs are separated by newlines; numbered paragraphs (一、 1. （一）) are laid out as items.
 */
export const DEFAULT_TEXTS = {
  stationIntro: '',
  duties: '',
  work: '',
  study: '',
  inspection: '',
  reception: '',
  report: '',
  workflowNote: '',
  dutyNote: '',
};
