// Text limits, shared so that forms can say them before the server refuses.
export const LIMITS = {
  id: 64,
  commandId: 100,
  title: 120,
  host: 80,
  description: 2000,
  tags: 8,
  tag: 30,
  interest: 9999,
  token: 200,
  label: 60,
  roomName: 60,
  pitchSecondsDefault: 30,
  pitchSecondsMin: 5,
  pitchSecondsMax: 600,
} as const;
