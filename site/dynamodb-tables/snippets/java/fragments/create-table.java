CreateTableResponse response = client.createTable(CreateTableRequest.builder()
        .tableName("Orders")
        .attributeDefinitions(List.of(AttributeDefinition.builder().attributeName("OrderId").attributeType("S").build()))
        .keySchema(List.of(KeySchemaElement.builder().attributeName("OrderId").keyType("HASH").build()))
        .billingMode("PAY_PER_REQUEST")
        .build());
System.out.println(response.tableDescription().tableName());
