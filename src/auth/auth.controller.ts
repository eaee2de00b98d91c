import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UnsupportedMediaTypeException, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BadRequestError } from '../common/errors';
import type { Actor } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { ConsoleSessionDto } from './dto/session.dto';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { ANY_ROLE, Public, Roles } from './roles.decorator';
import { clearSessionCookies, readCookie, SESSION_COOKIE, setCsrfCookie, setSessionCookies } from './session-cookies';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** API clients: `{ accessToken, user }`; 401 on bad credentials; 429 when attempts from one address exceed the limit. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  login(@Body() body: LoginDto) {
    return this.auth.login(body.username, body.password);
  }

  /**
   * The web console's sign-in: sets the httpOnly, SameSite=Strict session cookie `childcare_session` (Secure in
   * production) and the `XSRF-TOKEN` cookie, whose value every unsafe request of the session must echo in the
   * `X-XSRF-TOKEN` header (else 403 CSRF_TOKEN_INVALID). Answers `{ user, csrfToken, expiresAt }`; no token for
   * scripts to keep. JSON bodies only (415 otherwise), so no other site's form can sign a browser in.
   * Same credentials, rate limit and 401 as /auth/login.
   */
  @Post('session')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: ConsoleSessionDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'the body is not application/json' })
  async startSession(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: LoginDto): Promise<ConsoleSessionDto> {
    if (!req.is('application/json')) {
      throw new UnsupportedMediaTypeException({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the credentials as application/json' });
    }
    const { session, user } = await this.auth.startSession(body.username, body.password, req.ip ?? null);
    setSessionCookies(res, session, this.config.session.secureCookie);
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  /** The console session of the cookie: `{ user, csrfToken, expiresAt }` (re-sets the XSRF-TOKEN cookie); 401 when it has ended. */
  @Get('session')
  @ApiCookieAuth()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: ConsoleSessionDto })
  async currentSession(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<ConsoleSessionDto> {
    const token = readCookie(req, SESSION_COOKIE);
    const session = req.consoleSession;
    if (!session || !token) throw new BadRequestError('NO_SESSION', 'Signed in with a bearer token: there is no console session');
    const csrfToken = this.sessions.csrfTokenFor(token);
    setCsrfCookie(res, csrfToken, session.expiresAt, this.config.session.secureCookie);
    return { user: await this.auth.me(req.actor!.id), csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  /** Sign-out: revokes this console session on the server and clears its cookies (204). Needs the CSRF token like every unsafe request. */
  @Delete('session')
  @HttpCode(204)
  @ApiCookieAuth()
  @Roles(...ANY_ROLE)
  @ApiNoContentResponse({ description: 'the session is revoked' })
  async endSession(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (!req.consoleSession) throw new BadRequestError('NO_SESSION', 'Signed in with a bearer token: there is no console session to end');
    await this.sessions.end(req.consoleSession.id);
    clearSessionCookies(res, this.config.session.secureCookie);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @Roles(...ANY_ROLE)
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
