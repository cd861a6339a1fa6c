// Every refused HTTP request answers in one shape (HttpErrorBody), whatever refused it.
import type { FastifyReply } from 'fastify';
import { commandError, type ErrorCode } from '../shared/errors.ts';
import type { HttpErrorBody } from '../shared/protocol.ts';

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  const body: HttpErrorBody = { error: commandError(code, message) };
  return reply.code(status).send(body);
}
