response = client.create_table(
  table_name: 'Orders',
  attribute_definitions: [{ attribute_name: 'OrderId', attribute_type: 'S' }],
  key_schema: [{ attribute_name: 'OrderId', key_type: 'HASH' }],
  billing_mode: 'PAY_PER_REQUEST'
)
puts response.table_description.table_name
