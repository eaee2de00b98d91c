// Spectral function: the operation says who may call it (x-roles from @Roles, x-public from @Public).
export default function declaredAccess(operation) {
  if (operation?.['x-public'] === true) return [];
  const roles = operation?.['x-roles'];
  if (Array.isArray(roles) && roles.length) return [];
  return [{ message: 'Neither x-roles nor x-public: the route has no @Roles or @Public, so every caller is refused.' }];
}
