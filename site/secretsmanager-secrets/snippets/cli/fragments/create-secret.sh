cat > secret_string.json <<'EOF'
{
  "username": "admin",
  "password": "EXAMPLE-PASSWORD"
}
EOF
aws secretsmanager create-secret \
    --name MyDatabaseSecret \
    --description 'Credentials of the orders database' \
    --secret-string file://secret_string.json \
    --query Name \
    --output text
