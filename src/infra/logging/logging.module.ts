import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Structured JSON logs with the request id. Never logged: bodies, query strings, Authorization and
 * Cookie headers — so no resident ID number, child's name, password or token reaches the log.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.logLevel,
          genReqId: (req: IncomingMessage) => (req as IncomingMessage & { requestId?: string }).requestId ?? 'unknown',
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: { paths: ['req.headers', 'res.headers', '*.password', '*.idNumber', '*.name', '*.token', '*.accessToken'], remove: true },
        };
        // Express 5 path syntax for "every route" (the library's default '*' draws a deprecation warning)
        return {
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: config.logFile ? [options, pino.destination({ dest: config.logFile, mkdir: true, sync: true })] : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
