// Spectral function: an operation has a 2xx response, and each 2xx response has content whose media types either
// carry a schema (JSON) or are a file download (binary string schema). 204 No Content is the one answer without a body.
export default function successResponse(operation, _options, context) {
  const responses = operation?.responses ?? {};
  const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
  if (!success.length) return [{ message: 'No 2xx response is declared.', path: [...context.path, 'responses'] }];
  const problems = [];
  for (const status of success) {
    const content = responses[status].content ?? {};
    const types = Object.keys(content);
    if (!types.length && status !== '204')
      problems.push({
        message: `Response ${status} has no content (schema or file content type).`,
        path: [...context.path, 'responses', status],
      });
    for (const type of types) {
      if (!content[type].schema)
        problems.push({
          message: `Response ${status} ${type} has no schema.`,
          path: [...context.path, 'responses', status, 'content', type],
        });
    }
  }
  return problems;
}
