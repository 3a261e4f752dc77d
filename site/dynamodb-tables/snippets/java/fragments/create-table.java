CreateTableResponse response = client.createTable(CreateTableRequest.builder()
        .tableName("Orders")
        .attributeDefinitions(List.of(AttributeDefinition.builder().attributeName("OrderId").attributeType(ScalarAttributeType.S).build()))
        .keySchema(List.of(KeySchemaElement.builder().attributeName("OrderId").keyType(KeyType.HASH).build()))
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .build());
System.out.println(response.tableDescription().tableName());
