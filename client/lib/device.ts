// This device's own id, sent with every handshake: the server counts a phone's limits under it,
// so that they are the same after the wifi drops and the phone reconnects. Random, and nothing
// else: it says nothing about the person.
import { DEVICE_ID } from '../../shared/protocol.ts';
import { newCommandId } from './socket.ts';

const STORAGE_KEY = 'pitchboard.device';
let inMemory: string | undefined;

export function deviceId(): string {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && DEVICE_ID.test(stored)) return stored;
    const made = newCommandId();
    localStorage.setItem(STORAGE_KEY, made);
    return made;
  } catch {
    // No storage (private mode): one id for as long as the page is open.
    inMemory ??= newCommandId();
    return inMemory;
  }
}
