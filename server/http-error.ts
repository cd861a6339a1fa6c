// Every refused HTTP request answers in one shape (HttpErrorBody), whatever refused it.
import type { FastifyReply } from 'fastify';
import { commandError, type CommandError, type ErrorCode, type RefusalDetails, type RefusalReason } from '../shared/errors.ts';
import type { HttpErrorBody } from '../shared/protocol.ts';

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  reason: RefusalReason,
  message: string,
  details?: RefusalDetails,
): FastifyReply {
  return sendRefusal(reply, status, commandError(code, reason, message, details));
}

export function sendRefusal(reply: FastifyReply, status: number, error: CommandError): FastifyReply {
  const body: HttpErrorBody = { error };
  return reply.code(status).send(body);
}
