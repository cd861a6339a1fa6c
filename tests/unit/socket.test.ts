// The client's command ids: a command that hands out a secret (a giver's token, a new facilitator
// key) takes only an id no one else would send, and the server answers a shorter one `invalid`.
import { describe, expect, it } from 'vitest';
import { newCommandId } from '../../client/lib/socket.ts';
import { SECRET_COMMAND_ID } from '../../shared/commands.ts';

describe('newCommandId', () => {
  it('makes ids that a command handing out a secret takes, a new one each time', () => {
    const ids = Array.from({ length: 200 }, () => newCommandId());
    for (const id of ids) expect(id).toMatch(SECRET_COMMAND_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
