// How a time of day, a date and an id are written everywhere (schemas, frame checks, forms): one
// home, without outside dependencies, so that any screen may import it.
import { LIMITS } from './limits.ts';

/** HH:MM, 00:00–23:59. */
export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
/** YYYY-MM-DD (whether the day exists is isValidDate's business, shared/fields.ts). */
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const TIME_OF_DAY = new RegExp(TIME_OF_DAY_PATTERN);
export const DATE = new RegExp(DATE_PATTERN);

/** An id of a day, room, slot or session: as the server makes them (server/ids.ts), at most 64 characters. */
export const ID_PATTERN = `^[A-Za-z0-9_-]{1,${LIMITS.id}}$`;

/**
 * The commandId of a command that hands out a secret: long and random enough that no one else
 * sends the same by chance (see SECRET_COMMAND_ID, shared/commands.ts).
 */
export const SECRET_COMMAND_PATTERN = '^[A-Za-z0-9_-]{16,100}$';
