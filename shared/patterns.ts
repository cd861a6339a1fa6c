// How a time of day and a date are written everywhere (schemas, frame checks, forms): one home,
// without dependencies, so that any screen may import it.

/** HH:MM, 00:00–23:59. */
export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
/** YYYY-MM-DD (whether the day exists is isValidDate's business). */
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const TIME_OF_DAY = new RegExp(TIME_OF_DAY_PATTERN);
export const DATE = new RegExp(DATE_PATTERN);
