# Replace Music with the name of your table.

aws dynamodb describe-table \
    --table-name Music \
    --query Table.TableStatus \
    --output text
