-- What the Socket.IO adapter between processes (@socket.io/postgres-adapter) sends that is too
-- big for a NOTIFY: kept a moment for the other processes to read, then cleaned up by the adapter.
CREATE TABLE socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT NOW(),
  payload bytea
);
