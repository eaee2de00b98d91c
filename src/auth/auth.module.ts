import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { AuthService } from './auth.service';
import { BootstrapAdmin } from './bootstrap-admin';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    SessionService,
    SessionsRepository,
    Authenticator,
    BootstrapAdmin,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, Authenticator],
})
export class AuthModule {}
