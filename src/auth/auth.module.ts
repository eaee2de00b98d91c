import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';
import { UsersModule } from '../users/users.module';

@Global()
@Module({
  imports: [JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    SessionService,
    SessionsRepository,
    Authenticator,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, Authenticator],
})
export class AuthModule {}
