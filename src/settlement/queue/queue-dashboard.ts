import { Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { TokenService } from '../../auth/token.service';
import { ForbiddenError } from '../../common/errors';
import { PrismaService } from '../../infra/database/prisma.service';
import { sendError } from '../../infra/http/exception.filter';
import { SettlementProducer } from './settlement.producer';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for admins. It is a plain express router outside Nest's guards, so it checks
 * the bearer token itself the way AuthGuard does: valid token of an active user with the current token
 * version (401 otherwise), role admin (403 otherwise).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly producer: SettlementProducer,
    private readonly tokens: TokenService,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // a worker-only process serves no HTTP
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // @bull-board/express 9.10.1 nests its own @bull-board/api 9.10.1: same shape, distinct private fields
    createBullBoard({ queues: [new BullMQAdapter(this.producer.queue)], serverAdapter: serverAdapter as unknown as IServerAdapter });
    http.use(
      QUEUE_DASHBOARD_PATH,
      (req: Request, res: Response, next: NextFunction) => void this.authorize(req, res, next),
      serverAdapter.getRouter(),
    );
  }

  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.header('authorization') ?? '');
      const claims = match ? this.tokens.verify(match[1]) : null;
      if (!claims) throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'Sign in: an admin bearer token is required' });
      const user = await this.prisma.user.findUnique({
        where: { id: claims.sub },
        select: { role: true, active: true, tokenVersion: true },
      });
      if (!user || !user.active || user.tokenVersion !== claims.ver) {
        throw new UnauthorizedException({ code: 'TOKEN_REVOKED', message: 'The token is no longer valid; sign in again' });
      }
      if (user.role !== 'admin') throw new ForbiddenError('Only admins may open the queue dashboard');
      next();
    } catch (error) {
      sendError(error, req, res);
    }
  }
}
