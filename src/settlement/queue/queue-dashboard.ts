import { Injectable, Logger, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { Authenticator } from '../../auth/authenticator';
import { ForbiddenError } from '../../common/errors';
import { recordRefusal, sendError } from '../../infra/http/exception.filter';
import { SettlementProducer } from './settlement.producer';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for admins. It is a plain express router outside Nest's guards, so it asks the same
 * Authenticator as AuthGuard: an admin's bearer token, or the console's session cookie (the board's own requests
 * send the XSRF-TOKEN cookie back as X-XSRF-TOKEN, as the console does). 401 when not signed in (a browser is sent to
 * the console's sign-in page instead), 403 for other roles; refusals are audited like the guard's.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly producer: SettlementProducer,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // a worker-only process serves no HTTP
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(this.producer.queue)], serverAdapter });
    http.use(
      QUEUE_DASHBOARD_PATH,
      (req: Request, res: Response, next: NextFunction) => void this.authorize(req, res, next),
      serverAdapter.getRouter(),
    );
  }

  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const { actor } = await this.authenticator.authenticate(req);
      if (actor.role !== 'admin') throw new ForbiddenError('Only admins may open the queue dashboard');
      next();
    } catch (error) {
      if (error instanceof UnauthorizedException && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
        res.redirect(302, `/login?next=${encodeURIComponent(QUEUE_DASHBOARD_PATH)}`);
        return;
      }
      await recordRefusal(this.audit, error, req);
      sendError(error, req, res);
    }
  }
}
