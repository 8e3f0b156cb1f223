// Starts Swagger UI on the generated OpenAPI description. A file, not an inline script: /docs runs under a
// Content-Security-Policy that allows scripts from this server only. No online validator: the page works offline.
window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
